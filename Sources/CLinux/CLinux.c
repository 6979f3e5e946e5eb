#define _GNU_SOURCE
#include "CLinux.h"
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

int clinux_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int clinux_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

int clinux_epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout) {
    // epoll_pwait with no signal mask is epoll_wait, without glibc's cancellation-point bookkeeping.
    return (int)syscall(SYS_epoll_pwait, epfd, events, maxevents, timeout, NULL, (size_t)8);
}

ssize_t clinux_read(int fd, void *buffer, size_t count) { return (ssize_t)syscall(SYS_read, fd, buffer, count); }

ssize_t clinux_write(int fd, const void *buffer, size_t count) { return (ssize_t)syscall(SYS_write, fd, buffer, count); }

uint64_t clinux_epoll_event_data(const struct epoll_event *event) { return event->data.u64; }
uint32_t clinux_epoll_event_events(const struct epoll_event *event) { return event->events; }

int clinux_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int clinux_accept4(int fd, struct sockaddr *addr, socklen_t *len) {
    return accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

void clinux_set_thread_name(const char *name) { (void)pthread_setname_np(pthread_self(), name); }
