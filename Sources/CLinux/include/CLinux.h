#ifndef ONESPIN_CLINUX_H
#define ONESPIN_CLINUX_H
// Linux calls that Glibc does not export to Swift (epoll, eventfd, accept4), and raw read/write.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdint.h>

int clinux_epoll_create(void);
int clinux_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
int clinux_epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);
uint64_t clinux_epoll_event_data(const struct epoll_event *event);
uint32_t clinux_epoll_event_events(const struct epoll_event *event);
int clinux_eventfd(void);
int clinux_accept4(int fd, struct sockaddr *addr, socklen_t *len);
void clinux_set_thread_name(const char *name);
// read and write as plain system calls: glibc's wrappers are pthread cancellation points that
// switch the thread's cancellation state around every call, and nothing here is ever cancelled.
// They return -1 and set errno on failure, as read(2) and write(2) do.
ssize_t clinux_read(int fd, void *buffer, size_t count);
ssize_t clinux_write(int fd, const void *buffer, size_t count);

// epoll flags and operations as plain integers (the C enum imports awkwardly).
static const uint32_t CLINUX_EPOLLIN = EPOLLIN;
static const uint32_t CLINUX_EPOLLOUT = EPOLLOUT;
static const uint32_t CLINUX_EPOLLERR = EPOLLERR;
static const uint32_t CLINUX_EPOLLHUP = EPOLLHUP;
static const uint32_t CLINUX_EPOLLRDHUP = EPOLLRDHUP;
static const uint32_t CLINUX_EPOLLET = EPOLLET;
static const int CLINUX_EPOLL_CTL_ADD = EPOLL_CTL_ADD;
static const int CLINUX_EPOLL_CTL_MOD = EPOLL_CTL_MOD;
static const int CLINUX_EPOLL_CTL_DEL = EPOLL_CTL_DEL;

#endif
