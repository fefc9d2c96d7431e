/*
 * An event-port stand-in for Linux, built by PortsStandIn for JnrPortsOsTest so that the real EventPortsBackend
 * can run through its JNR binding here. It is NOT illumos: it emulates port_associate/dissociate/
 * getn/send on top of ppoll(2), as far as the backend uses them and as port_get(3C) describes them,
 * with illumos' port_event_t layout and constants. It proves the binding, not any kernel.
 * Emulated: PORT_SOURCE_FD associations that fire once and are then dissociated, PORT_SOURCE_USER
 * events from port_send, port_getn's max/nget rules (max 0 is a query; nget events or the timeout),
 * ETIME with *nget updated, ENOENT from dissociating what is not associated.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct port_event {
    int portev_events;
    unsigned short portev_source;
    unsigned short portev_pad;
    uintptr_t portev_object;
    void *portev_user;
} port_event_t;
_Static_assert(sizeof(port_event_t) == 24, "port_event_t");

#define PORT_SOURCE_USER 3
#define PORT_SOURCE_FD 4
#define ETIME_ILLUMOS 62
#define MAX_PORTS 4096
#define MAX_ASSOC 4096
#define MAX_USER 1024

struct assoc { int used; uintptr_t fd; int events; void *user; };
struct port {
    int used;
    pthread_mutex_t mu;
    int interrupt;
    struct assoc *assoc;
    port_event_t user[MAX_USER];
    int nuser;
};
static struct port ports[MAX_PORTS];

static void poke(struct port *p) {
    char b = 1;
    (void) !write(p->interrupt, &b, 1);
}

static struct port *lookup(int port) {
    if (port < 0 || port >= MAX_PORTS || !ports[port].used || fcntl(port, F_GETFD) < 0) {
        errno = EBADF;
        return NULL;
    }
    return &ports[port];
}

int port_create(void) {
    int fds[2];
    if (pipe2(fds, O_NONBLOCK) < 0) {
        return -1;
    }
    struct port *p = &ports[fds[0]];
    if (p->used) {
        close(p->interrupt);
        free(p->assoc);
        pthread_mutex_destroy(&p->mu);
    }
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    p->interrupt = fds[1];
    p->assoc = calloc(MAX_ASSOC, sizeof(struct assoc));
    p->used = 1;
    return fds[0];
}

int port_associate(int port, int source, uintptr_t object, int events, void *user) {
    struct port *p = lookup(port);
    if (p == NULL) {
        return -1;
    }
    if (source != PORT_SOURCE_FD) {
        errno = EINVAL;
        return -1;
    }
    if (fcntl((int) object, F_GETFD) < 0) {
        errno = EBADF;
        return -1;
    }
    pthread_mutex_lock(&p->mu);
    struct assoc *a = NULL;
    for (int i = 0; i < MAX_ASSOC && a == NULL; i++) {
        if (p->assoc[i].used && p->assoc[i].fd == object) {
            a = &p->assoc[i];
        }
    }
    for (int i = 0; i < MAX_ASSOC && a == NULL; i++) {
        if (!p->assoc[i].used) {
            a = &p->assoc[i];
        }
    }
    a->used = 1;
    a->fd = object;
    a->events = events;
    a->user = user;
    pthread_mutex_unlock(&p->mu);
    poke(p);
    return 0;
}

int port_dissociate(int port, int source, uintptr_t object) {
    struct port *p = lookup(port);
    if (p == NULL) {
        return -1;
    }
    if (source != PORT_SOURCE_FD) {
        errno = EINVAL;
        return -1;
    }
    pthread_mutex_lock(&p->mu);
    for (int i = 0; i < MAX_ASSOC; i++) {
        if (p->assoc[i].used && p->assoc[i].fd == object) {
            p->assoc[i].used = 0;
            pthread_mutex_unlock(&p->mu);
            return 0;
        }
    }
    pthread_mutex_unlock(&p->mu);
    errno = ENOENT;
    return -1;
}

int port_send(int port, int events, void *user) {
    struct port *p = lookup(port);
    if (p == NULL) {
        return -1;
    }
    pthread_mutex_lock(&p->mu);
    if (p->nuser == MAX_USER) {
        pthread_mutex_unlock(&p->mu);
        errno = EAGAIN;
        return -1;
    }
    port_event_t *e = &p->user[p->nuser++];
    memset(e, 0, sizeof *e);
    e->portev_events = events;
    e->portev_source = PORT_SOURCE_USER;
    e->portev_user = user;
    pthread_mutex_unlock(&p->mu);
    poke(p);
    return 0;
}

/* Moves ready events into list[n..max); returns the new n. Lock held. */
static unsigned harvest(struct port *p, port_event_t *list, unsigned n, unsigned max) {
    while (n < max && p->nuser > 0) {
        list[n++] = p->user[0];
        memmove(&p->user[0], &p->user[1], (size_t) --p->nuser * sizeof(port_event_t));
    }
    for (int i = 0; i < MAX_ASSOC && n < max; i++) {
        struct assoc *a = &p->assoc[i];
        if (!a->used) {
            continue;
        }
        struct pollfd pfd = { .fd = (int) a->fd, .events = (short) a->events };
        poll(&pfd, 1, 0);
        if (pfd.revents & POLLNVAL) { /* closed: close(2) removes the association */
            a->used = 0;
            continue;
        }
        if (pfd.revents == 0) {
            continue;
        }
        port_event_t *e = &list[n++];
        memset(e, 0, sizeof *e);
        e->portev_events = pfd.revents;
        e->portev_source = PORT_SOURCE_FD;
        e->portev_object = a->fd;
        e->portev_user = a->user;
        a->used = 0; /* retrieved: dissociated */
    }
    return n;
}

int port_getn(int port, port_event_t list[], unsigned max, unsigned *nget, const struct timespec *timeout) {
    struct port *p = lookup(port);
    if (p == NULL) {
        return -1;
    }
    if (max == 0) { /* a query: how many are pending, nothing retrieved */
        *nget = (unsigned) p->nuser;
        return 0;
    }
    if (*nget > max) {
        errno = EINVAL;
        return -1;
    }
    unsigned want = *nget == 0 ? 1 : *nget;
    struct timespec deadline;
    if (timeout != NULL) {
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += timeout->tv_sec;
        deadline.tv_nsec += timeout->tv_nsec;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    unsigned n = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        n = harvest(p, list, n, max);
        if (n >= want) {
            break;
        }
        struct timespec left, *wait = NULL;
        if (timeout != NULL) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            left.tv_sec = deadline.tv_sec - now.tv_sec;
            left.tv_nsec = deadline.tv_nsec - now.tv_nsec;
            if (left.tv_nsec < 0) {
                left.tv_sec--;
                left.tv_nsec += 1000000000L;
            }
            if (left.tv_sec < 0) {
                pthread_mutex_unlock(&p->mu);
                *nget = n; /* port_get(3C): nget is updated on ETIME */
                errno = ETIME_ILLUMOS;
                return -1;
            }
            wait = &left;
        }
        int count = 1;
        for (int i = 0; i < MAX_ASSOC; i++) {
            count += p->assoc[i].used;
        }
        struct pollfd *fds = calloc(count, sizeof *fds);
        int m = 0;
        fds[m].fd = port;
        fds[m++].events = POLLIN;
        for (int i = 0; i < MAX_ASSOC && m < count; i++) {
            if (p->assoc[i].used) {
                fds[m].fd = (int) p->assoc[i].fd;
                fds[m++].events = (short) p->assoc[i].events;
            }
        }
        pthread_mutex_unlock(&p->mu);
        int r = ppoll(fds, m, wait, NULL);
        int saved = errno;
        free(fds);
        pthread_mutex_lock(&p->mu);
        char drain[64];
        while (read(port, drain, sizeof drain) > 0) {
        }
        if (r < 0 && saved == EINTR) {
            pthread_mutex_unlock(&p->mu);
            *nget = n;
            errno = EINTR;
            return -1;
        }
    }
    pthread_mutex_unlock(&p->mu);
    *nget = n;
    return 0;
}
