#define _GNU_SOURCE
#include "CLinux.h"
#include <pthread.h>

int clinux_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int clinux_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

int clinux_epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout) {
    return epoll_wait(epfd, events, maxevents, timeout);
}

uint64_t clinux_epoll_event_data(const struct epoll_event *event) { return event->data.u64; }
uint32_t clinux_epoll_event_events(const struct epoll_event *event) { return event->events; }

int clinux_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int clinux_accept4(int fd, struct sockaddr *addr, socklen_t *len) {
    return accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

void clinux_set_thread_name(const char *name) { (void)pthread_setname_np(pthread_self(), name); }
