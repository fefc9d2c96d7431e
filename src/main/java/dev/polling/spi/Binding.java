package dev.polling.spi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;

/**
 * The two ways this library reaches the OS, and the one seam through which a backend gets its
 * OS interface from the binding chosen at run time.
 *
 * <p>A backend's {@code open(Binding)} asks {@code binding.load(EpollOs.class)} (or, for an OS
 * interface whose implementation needs the backend's ABI description,
 * {@code binding.load(PollOs.class, PollAbi.class, abi)}) and never names an implementation
 * class. The implementation is found by name, so that the base jar compiles at
 * {@code --release 17} without the {@code java.lang.foreign} classes and a JNR-free run never
 * loads a JNR class:
 * <pre>
 * interface  dev.polling.&lt;backend&gt;.&lt;Name&gt;          e.g. dev.polling.epoll.EpollOs
 * JNR-FFI    dev.polling.&lt;backend&gt;.jnr.Jnr&lt;Name&gt;     e.g. dev.polling.epoll.jnr.JnrEpollOs
 * FFM        dev.polling.&lt;backend&gt;.ffm.Ffm&lt;Name&gt;     e.g. dev.polling.epoll.ffm.FfmEpollOs
 * </pre>
 * Each implementation class is public and has {@code public static <Name> load()} (or
 * {@code load(<Abi> abi)}, the same parameter for every binding); {@code load} binds the
 * libraries and throws {@link UnsatisfiedLinkError} (or another {@link LinkageError}) when they
 * cannot be bound. Which binding a poller uses is decided in {@code dev.polling.detection}.
 */
public enum Binding {
    /** JNR-FFI and jffi: JDK 17 and later. */
    JNR("jnr", "Jnr"),
    /** {@code java.lang.foreign}: JDK 22 and later, from the multi-release part of the jar. */
    FFM("ffm", "Ffm");

    private final String subpackage;
    private final String prefix;

    Binding(String subpackage, String prefix) {
        this.subpackage = subpackage;
        this.prefix = prefix;
    }

    /** The name accepted by {@code -Dpolling.binding}: the constant's name in lower case. */
    public String propertyName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The implementation of {@code os} in this binding, from its {@code load()}.
     *
     * @throws LinkageError if the binding or its libraries cannot be loaded here (the
     *                      implementation's own error, or {@link NoClassDefFoundError} when this
     *                      binding has no implementation of {@code os} in this JVM)
     */
    public <T> T load(Class<T> os) {
        return os.cast(invoke(find(os, MethodType.methodType(os))));
    }

    /**
     * The implementation of {@code os} in this binding, from its {@code load(abi)}.
     *
     * @throws LinkageError as {@link #load(Class)}
     */
    public <T, A> T load(Class<T> os, Class<A> abiType, A abi) {
        return os.cast(invoke(find(os, MethodType.methodType(os, abiType)), abi));
    }

    /** The name of the class that implements {@code os} in this binding. */
    public String implementationName(Class<?> os) {
        return os.getPackageName() + "." + subpackage + "." + prefix + os.getSimpleName();
    }

    private MethodHandle find(Class<?> os, MethodType type) {
        String name = implementationName(os);
        try {
            Class<?> impl = Class.forName(name, true, os.getClassLoader());
            return MethodHandles.lookup().findStatic(impl, "load", type);
        } catch (ClassNotFoundException e) {
            NoClassDefFoundError error = new NoClassDefFoundError("the " + this + " binding has no " + name + " in this JVM");
            error.initCause(e);
            throw error;
        } catch (NoSuchMethodException | IllegalAccessException e) {
            IncompatibleClassChangeError error = new IncompatibleClassChangeError(name + " has no public static " + type
                    + " load method");
            error.initCause(e);
            throw error;
        }
    }

    private static Object invoke(MethodHandle load, Object... args) {
        try {
            return load.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("loading a native binding failed", t);
        }
    }
}
