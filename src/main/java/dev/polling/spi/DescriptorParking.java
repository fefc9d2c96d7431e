package dev.polling.spi;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Parks a virtual thread until a descriptor is readable, through the JDK's own poller for
 * virtual threads: the one every JDK socket uses, so the carrier is free while it waits.
 *
 * <p>The JDK reaches that poller through {@code sun.nio.ch.SelChImpl.park(event, nanos)}, a
 * default method of the interface every JDK channel implements (the same one
 * {@link ChannelDescriptors} reads descriptors through, needing the same
 * {@code --add-exports java.base/sun.nio.ch} and nothing more). This class implements that
 * interface with a {@link Proxy} whose descriptor is, say, an epoll instance: an epoll, kqueue or
 * event-port descriptor polls readable while it has an event (or a wake-up) queued, so parking on
 * it is waiting for the backend without blocking a carrier thread in {@code epoll_wait}.
 *
 * <p>A park ends when the descriptor is readable, the time is up, the thread is interrupted, or
 * spuriously; the caller then looks with a non-blocking OS wait. Each park allocates a little
 * (the proxy's argument array, the JDK poller's own bookkeeping): it is used only when a virtual
 * thread is about to block.
 */
public final class DescriptorParking {
    private static final Class<?> SEL_CH_IMPL;
    private static final MethodHandle PARK;
    private static final short POLLIN;
    private static final String UNAVAILABLE_REASON;

    static {
        Class<?> type = null;
        MethodHandle park = null;
        short pollin = 0;
        String reason = null;
        try {
            type = Class.forName("sun.nio.ch.SelChImpl");
            park = MethodHandles.lookup().findVirtual(type, "park",
                    MethodType.methodType(void.class, int.class, long.class));
            Class<?> net = Class.forName("sun.nio.ch.Net");
            pollin = (short) MethodHandles.lookup().findStaticGetter(net, "POLLIN", short.class).invoke();
        } catch (Throwable e) {
            type = null;
            park = null;
            reason = e.toString();
        }
        SEL_CH_IMPL = type;
        PARK = park;
        POLLIN = pollin;
        UNAVAILABLE_REASON = reason;
    }

    private final Object channel;
    private final MethodHandle parkOnDescriptor;

    private DescriptorParking(int fd) {
        InvocationHandler handler = new DescriptorHandler(fd);
        this.channel = Proxy.newProxyInstance(DescriptorParking.class.getClassLoader(), new Class<?>[] {SEL_CH_IMPL}, handler);
        this.parkOnDescriptor = PARK.bindTo(channel);
    }

    /** Whether virtual threads can park on a descriptor in this JVM; {@link #unavailableReason()} says why not. */
    public static boolean isAvailable() {
        return PARK != null && VirtualThreads.supported();
    }

    /** Why parking is unavailable, or {@code null}. */
    public static String unavailableReason() {
        if (!VirtualThreads.supported()) {
            return "this JDK has no virtual threads";
        }
        return UNAVAILABLE_REASON == null ? null : "the JDK's sun.nio.ch is not exported to polling (" + UNAVAILABLE_REASON + ")";
    }

    /**
     * Parking on {@code fd}, which must stay open as long as this object is used.
     *
     * @throws IllegalStateException if {@link #isAvailable()} is false
     */
    public static DescriptorParking on(int fd) {
        if (!isAvailable()) {
            throw new IllegalStateException("cannot park on a descriptor: " + unavailableReason());
        }
        return new DescriptorParking(fd);
    }

    /**
     * Parks the current virtual thread until the descriptor is readable, {@code nanos} pass
     * ({@code 0} or less: no limit), the thread is interrupted, or spuriously.
     */
    public void parkUntilReadable(long nanos) throws IOException {
        try {
            parkOnDescriptor.invokeExact((int) POLLIN, Math.max(nanos, 0L));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("parking on a descriptor failed", t);
        }
    }

    /** The proxy's behaviour: a descriptor that is always open, and the interface's own park. */
    private static final class DescriptorHandler implements InvocationHandler {
        private final int fd;

        DescriptorHandler(int fd) {
            this.fd = fd;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "park":
                    return InvocationHandler.invokeDefault(proxy, method, args);
                case "getFDVal":
                    return fd;
                case "isOpen":
                    return Boolean.TRUE; // the backend outlives every park on it
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "descriptor " + fd;
                default:
                    throw new UnsupportedOperationException(method.getName() + " on a parking stand-in for descriptor " + fd);
            }
        }
    }
}
