/*
 * LD_PRELOAD=idle-thread.so c-ring ...: the C reference run as a multi-threaded process, like
 * any JVM. One idle thread is enough for the kernel to take the slower path on every descriptor
 * call: with the descriptor table shared between threads, fdget() must take and drop a
 * reference on the file, which a single-threaded process skips (see fs/file.c, __fget_light).
 *
 * Build: gcc -O2 -Wall -shared -fPIC -o idle-thread.so idle-thread.c -lpthread
 */
#include <pthread.h>
#include <unistd.h>

static void *idle(void *arg) {
    (void)arg;
    for (;;) pause();
    return NULL;
}

__attribute__((constructor)) static void start_idle_thread(void) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, idle, NULL) == 0) pthread_detach(thread);
}
