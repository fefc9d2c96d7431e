package dev.polling.stress;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real signals for the EINTR tests. A signal interrupts a blocked {@code epoll_wait}/{@code poll}
 * only if the process has a handler for it (an ignored or default-ignored signal is discarded
 * without waking the thread), and these calls are never restarted after a handler, whatever
 * {@code SA_RESTART} says (signal(7), "Interruption of system calls and library functions by
 * signal handlers"). So: install a JVM handler for SIGWINCH, which nothing else here uses, and
 * send it with {@code tgkill(2)} to the polling thread itself.
 */
final class Signals {
    /** SIGWINCH on Linux (every architecture). */
    static final int SIGWINCH = 28;

    private static final AtomicLong HANDLED = new AtomicLong();
    private static boolean installed;

    private Signals() {
    }

    /**
     * Installs the counting SIGWINCH handler once per JVM, through {@code sun.misc.Signal}
     * (module jdk.unsupported; reflection keeps the build free of its proprietary-API warning).
     */
    static synchronized void installCountingHandler() throws ReflectiveOperationException {
        if (installed) {
            return;
        }
        Class<?> signal = Class.forName("sun.misc.Signal");
        Class<?> handler = Class.forName("sun.misc.SignalHandler");
        Constructor<?> named = signal.getConstructor(String.class);
        Method handle = signal.getMethod("handle", signal, handler);
        InvocationHandler count = (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
                HANDLED.incrementAndGet();
                return null;
            }
            return method.getDeclaringClass() == Object.class ? objectMethod(proxy, method, args) : null;
        };
        Object counting = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler}, count);
        handle.invoke(null, named.newInstance("WINCH"), counting);
        installed = true;
    }

    /** How many SIGWINCH the handler has run for. */
    static long handled() {
        return HANDLED.get();
    }

    /** Sends SIGWINCH to thread {@code tid} of this process; true if the kernel accepted it. */
    static boolean sendTo(int tid) {
        TestLibC libc = TestLibC.get();
        return libc.tgkill(libc.getpid(), tid, SIGWINCH) == 0;
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> "counting SIGWINCH handler";
        };
    }
}
