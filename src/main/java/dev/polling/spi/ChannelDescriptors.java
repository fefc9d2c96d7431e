package dev.polling.spi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;

/**
 * Reads the OS descriptor of a JDK {@link SelectableChannel}, which native backends register.
 *
 * <p>The JDK keeps it behind {@code sun.nio.ch.SelChImpl.getFDVal()}, an interface every JDK
 * channel implements. Calling it needs the package exported to this library:
 * {@value #REQUIRED_FLAG} (or {@code =dev.polling} on the module path). Exporting is the weakest
 * access there is: no reflection into private fields, and the method has been stable since JDK 7.
 * Without it, registering a channel on a native backend fails with a message naming the flag.
 */
public final class ChannelDescriptors {
    /** The JVM flag that grants access, as users must write it. */
    public static final String REQUIRED_FLAG = "--add-exports java.base/sun.nio.ch=ALL-UNNAMED";

    private static final Class<?> SEL_CH_IMPL;
    private static final MethodHandle GET_FD_VAL;
    private static final String UNAVAILABLE_REASON;

    static {
        Class<?> type = null;
        MethodHandle handle = null;
        String reason = null;
        try {
            type = Class.forName("sun.nio.ch.SelChImpl");
            handle = MethodHandles.lookup().findVirtual(type, "getFDVal", MethodType.methodType(int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            reason = e.toString();
        }
        SEL_CH_IMPL = type;
        GET_FD_VAL = handle;
        UNAVAILABLE_REASON = reason;
    }

    private ChannelDescriptors() {
    }

    /** Whether channel descriptors can be read in this JVM; when false, {@link #unavailableReason()} says why. */
    public static boolean isAvailable() {
        return GET_FD_VAL != null;
    }

    /** Why descriptors cannot be read (with the flag to add), or {@code null} if they can. */
    public static String unavailableReason() {
        return UNAVAILABLE_REASON == null ? null
                : "cannot read JDK channel descriptors: start the JVM with " + REQUIRED_FLAG
                  + " (or =dev.polling on the module path), or use Backend.SELECTOR (" + UNAVAILABLE_REASON + ")";
    }

    /**
     * The descriptor (on Windows, the socket handle) of an open JDK channel.
     *
     * @throws ClosedChannelException        if the channel is closed
     * @throws UnsupportedOperationException if access to the JDK's channel internals was not granted
     * @throws IllegalArgumentException      if the channel does not come from the JDK's default provider
     */
    public static int descriptorOf(SelectableChannel channel) throws ClosedChannelException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        if (GET_FD_VAL == null) {
            throw new UnsupportedOperationException(unavailableReason());
        }
        if (!SEL_CH_IMPL.isInstance(channel)) {
            throw new IllegalArgumentException(channel.getClass().getName()
                    + " is not a JDK channel with an OS descriptor; native backends poll only the JDK's own channels");
        }
        try {
            int fd = (int) GET_FD_VAL.invoke(channel);
            if (fd < 0 || !channel.isOpen()) {
                throw new ClosedChannelException();
            }
            return fd;
        } catch (ClosedChannelException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("reading the descriptor of " + channel + " failed", t);
        }
    }
}
