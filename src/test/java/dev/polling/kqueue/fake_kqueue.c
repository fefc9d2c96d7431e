/*
 * A kqueue stand-in for Linux, built by KqueueStandIn for JnrKqueueOsTest so that the real KqueueBackend can run
 * through its JNR binding here. It is NOT a kqueue: it emulates the parts the backend uses on top
 * of ppoll(2), level-accurately, and it is only as right as its author's reading of kevent(2).
 * What it does prove: the Java side passes kevent arrays, counts, timespecs and errno the way a C
 * compiler lays them out for the struct declared below.
 *
 *   -DKEVENT_LAYOUT=32  the 32-byte struct kevent (macOS, FreeBSD 11, OpenBSD, DragonFly)
 *   -DKEVENT_LAYOUT=64  FreeBSD 12+'s 64-byte struct kevent (ext[4])
 *   -DKEVENT_LAYOUT=40  NetBSD's 40-byte struct kevent (u32 filter/flags), with NetBSD filter numbers
 *
 * Both entry points are exported: kevent (int counts) and __kevent50 (size_t counts).
 * Emulated: EVFILT_READ/WRITE/USER; EV_ADD, EV_DELETE, EV_ONESHOT, EV_CLEAR (approximate: a read
 * filter reports again when more bytes are pending than at its last report, a write filter only after
 * it was seen not ready; while such a filter is quiet the wait wakes every millisecond to look),
 * EV_RECEIPT, EV_ERROR, EV_EOF, NOTE_TRIGGER; receipts stop the call before any event is collected,
 * as FreeBSD does; level knotes are scanned round-robin (FreeBSD requeues a delivered level knote at
 * the tail); a registered descriptor that gets closed is dropped (POLLNVAL), as close(2) drops knotes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if KEVENT_LAYOUT == 64
struct kevent {
    uintptr_t ident;
    short filter;
    unsigned short flags;
    unsigned int fflags;
    int64_t data;
    void *udata;
    uint64_t ext[4];
};
_Static_assert(sizeof(struct kevent) == 64, "FreeBSD 12 kevent");
#define EVFILT_READ (-1)
#define EVFILT_WRITE (-2)
#define EVFILT_USER (-11)
#elif KEVENT_LAYOUT == 40
struct kevent {
    uintptr_t ident;
    uint32_t filter;
    uint32_t flags;
    uint32_t fflags;
    int64_t data;
    void *udata;
};
_Static_assert(sizeof(struct kevent) == 40, "NetBSD kevent");
#define EVFILT_READ 0
#define EVFILT_WRITE 1
#define EVFILT_USER 8
#else
struct kevent {
    uintptr_t ident;
    short filter;
    unsigned short flags;
    unsigned int fflags;
    intptr_t data;
    void *udata;
};
_Static_assert(sizeof(struct kevent) == 32, "32-byte kevent");
#define EVFILT_READ (-1)
#define EVFILT_WRITE (-2)
#define EVFILT_USER (-11)
#endif

#define EV_ADD 0x1
#define EV_DELETE 0x2
#define EV_ONESHOT 0x10
#define EV_CLEAR 0x20
#define EV_RECEIPT 0x40
#define EV_ERROR 0x4000
#define EV_EOF 0x8000
#define NOTE_TRIGGER 0x01000000

#define MAX_KQ 4096
#define MAX_NOTES 8192

struct note {
    int used;
    uintptr_t ident;
    int filter;
    unsigned flags;
    void *udata;
    int triggered;   /* EVFILT_USER */
    int reported;    /* EV_CLEAR: reported since last seen not ready */
    int pending;     /* EV_CLEAR read filter: bytes pending at the last report */
};

struct kq {
    int used;
    pthread_mutex_t mu;
    int interrupt;   /* write end of the pipe whose read end is the kqueue descriptor */
    struct note *notes;
    int cursor;      /* where the next scan starts: round-robin, as a requeued knote would be */
};

static struct kq kqs[MAX_KQ];
static pthread_mutex_t table = PTHREAD_MUTEX_INITIALIZER;

int kqueue(void) {
    int p[2];
    if (pipe2(p, O_NONBLOCK) < 0) {
        return -1;
    }
    if (p[0] >= MAX_KQ) {
        close(p[0]);
        close(p[1]);
        errno = EMFILE;
        return -1;
    }
    pthread_mutex_lock(&table);
    struct kq *k = &kqs[p[0]];
    if (k->used) { /* a kqueue closed with close(2) left this slot: reuse it */
        close(k->interrupt);
        free(k->notes);
        pthread_mutex_destroy(&k->mu);
    }
    pthread_mutex_init(&k->mu, NULL);
    k->interrupt = p[1];
    k->notes = calloc(MAX_NOTES, sizeof(struct note));
    k->used = 1;
    pthread_mutex_unlock(&table);
    return p[0];
}

static struct note *find(struct kq *k, uintptr_t ident, int filter) {
    for (int i = 0; i < MAX_NOTES; i++) {
        if (k->notes[i].used && k->notes[i].ident == ident && k->notes[i].filter == filter) {
            return &k->notes[i];
        }
    }
    return NULL;
}

static int apply(struct kq *k, const struct kevent *c) {
    int filter = (int) c->filter;
    if (filter != EVFILT_READ && filter != EVFILT_WRITE && filter != EVFILT_USER) {
        return EINVAL;
    }
    if (filter != EVFILT_USER && fcntl((int) c->ident, F_GETFD) < 0) {
        return EBADF;
    }
    struct note *n = find(k, c->ident, filter);
    if (c->flags & EV_DELETE) {
        if (n == NULL) {
            return ENOENT;
        }
        n->used = 0;
        return 0;
    }
    if (c->flags & EV_ADD) {
        if (n == NULL) {
            for (int i = 0; i < MAX_NOTES && n == NULL; i++) {
                if (!k->notes[i].used) {
                    n = &k->notes[i];
                }
            }
            if (n == NULL) {
                return ENOMEM;
            }
            memset(n, 0, sizeof *n);
            n->used = 1;
            n->ident = c->ident;
            n->filter = filter;
            n->flags = c->flags & (EV_ONESHOT | EV_CLEAR);
        }
        n->udata = c->udata;
        n->reported = 0; /* a modified knote is evaluated again, as kqueue_register does */
    } else if (n == NULL) {
        return ENOENT;
    }
    if (filter == EVFILT_USER && (c->fflags & NOTE_TRIGGER)) {
        n->triggered = 1;
    }
    return 0;
}

/* Collects ready notes into events; returns how many. Called with the lock held. */
static int harvest(struct kq *k, struct kevent *events, int nevents) {
    int n = 0;
    int start = k->cursor;
    for (int step = 0; step < MAX_NOTES && n < nevents; step++) {
        int i = (start + step) % MAX_NOTES;
        struct note *note = &k->notes[i];
        if (!note->used) {
            continue;
        }
        int ready = 0;
        unsigned eof = 0;
        if (note->filter == EVFILT_USER) {
            ready = note->triggered;
            if (ready && (note->flags & EV_CLEAR)) {
                note->triggered = 0;
            }
        } else {
            struct pollfd p = { .fd = (int) note->ident,
                                .events = note->filter == EVFILT_READ ? (POLLIN | POLLRDHUP) : POLLOUT };
            poll(&p, 1, 0);
            if (p.revents & POLLNVAL) { /* closed while registered: close(2) drops knotes */
                note->used = 0;
                continue;
            }
            if (note->filter == EVFILT_READ) {
                ready = (p.revents & (POLLIN | POLLRDHUP | POLLHUP | POLLERR)) != 0;
                eof = (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) ? EV_EOF : 0;
            } else {
                ready = (p.revents & (POLLOUT | POLLHUP | POLLERR)) != 0;
                eof = (p.revents & (POLLHUP | POLLERR)) ? EV_EOF : 0;
            }
            if (note->flags & EV_CLEAR) {
                int avail = 0;
                if (note->filter == EVFILT_READ && ioctl((int) note->ident, FIONREAD, &avail) < 0) {
                    avail = 0;
                }
                if (!ready) {
                    note->reported = 0;
                    note->pending = 0;
                } else if (note->reported && !(note->filter == EVFILT_READ && avail > note->pending)) {
                    ready = 0;
                } else {
                    note->reported = 1;
                    note->pending = avail;
                }
            }
        }
        if (!ready) {
            continue;
        }
        struct kevent *e = &events[n++];
        memset(e, 0, sizeof *e);
        e->ident = note->ident;
        e->filter = note->filter;
        e->flags = note->flags | eof;
        e->data = 1;
        e->udata = note->udata;
        if (note->flags & EV_ONESHOT) {
            note->used = 0;
        }
        k->cursor = (i + 1) % MAX_NOTES;
    }
    return n;
}

static int kevent_impl(int kq, const struct kevent *changes, long nchanges, struct kevent *events, long nevents,
                       const struct timespec *timeout) {
    if (kq < 0 || kq >= MAX_KQ || !kqs[kq].used || fcntl(kq, F_GETFD) < 0) {
        errno = EBADF;
        return -1;
    }
    struct kq *k = &kqs[kq];
    pthread_mutex_lock(&k->mu);
    int n = 0;
    for (long i = 0; i < nchanges; i++) {
        int err = apply(k, &changes[i]);
        if (err != 0 || (changes[i].flags & EV_RECEIPT)) {
            if (n < nevents) {
                events[n] = changes[i];
                events[n].flags = EV_ERROR;
                events[n].data = err;
                n++;
            } else if (err != 0) {
                pthread_mutex_unlock(&k->mu);
                errno = err;
                return -1;
            }
        }
    }
    if (nchanges > 0) {
        char b = 1;
        (void) !write(k->interrupt, &b, 1); /* a concurrent wait looks again */
    }
    if (n > 0 || nevents == 0) {
        pthread_mutex_unlock(&k->mu);
        return n;
    }
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
    for (;;) {
        n = harvest(k, events, (int) nevents);
        if (n > 0) {
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
                break;
            }
            wait = &left;
        }
        /* Block on every fd note, except EV_CLEAR ones already reported: still ready, they would
           make ppoll spin (the price: their next edge is seen only when something else wakes us). */
        int count = 1;
        int quiet = 0;
        for (int i = 0; i < MAX_NOTES; i++) {
            struct note *note = &k->notes[i];
            int skip = note->used && note->filter != EVFILT_USER && (note->flags & EV_CLEAR) && note->reported;
            quiet |= skip;
            count += note->used && note->filter != EVFILT_USER && !skip;
        }
        struct timespec slice = { 0, 1000000L };
        if (quiet && (wait == NULL || wait->tv_sec > 0 || wait->tv_nsec > slice.tv_nsec)) {
            wait = &slice; /* look at the quiet EV_CLEAR filters again soon */
        }
        struct pollfd *fds = calloc(count, sizeof *fds);
        int m = 0;
        fds[m].fd = kq;
        fds[m++].events = POLLIN;
        for (int i = 0; i < MAX_NOTES && m < count; i++) {
            struct note *note = &k->notes[i];
            if (note->used && note->filter != EVFILT_USER && !((note->flags & EV_CLEAR) && note->reported)) {
                fds[m].fd = (int) note->ident;
                fds[m++].events = note->filter == EVFILT_READ ? (POLLIN | POLLRDHUP) : POLLOUT;
            }
        }
        pthread_mutex_unlock(&k->mu);
        int r = ppoll(fds, m, wait, NULL);
        int saved = errno;
        pthread_mutex_lock(&k->mu);
        char drain[64];
        while (read(kq, drain, sizeof drain) > 0) {
        }
        free(fds);
        if (r < 0 && saved == EINTR) {
            pthread_mutex_unlock(&k->mu);
            errno = EINTR;
            return -1;
        }
        if (r == 0 && timeout != NULL && wait != &slice) {
            n = harvest(k, events, (int) nevents);
            break;
        }
    }
    pthread_mutex_unlock(&k->mu);
    return n;
}

int kevent(int kq, const struct kevent *changes, int nchanges, struct kevent *events, int nevents,
           const struct timespec *timeout) {
    return kevent_impl(kq, changes, nchanges, events, nevents, timeout);
}

int __kevent50(int kq, const struct kevent *changes, size_t nchanges, struct kevent *events, size_t nevents,
               const struct timespec *timeout) {
    return kevent_impl(kq, changes, (long) nchanges, events, (long) nevents, timeout);
}
