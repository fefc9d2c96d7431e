/**
 * polling: a portable, oneshot-by-default readiness poller.
 *
 * <p>Only {@code dev.polling} and {@code dev.polling.testing} are API; every backend is reached
 * through {@link dev.polling.Poller}.
 */
module dev.polling {
    // Only the JNR binding (the *.jnr packages) uses JNR-FFI, and only on JDK 17-21: from JDK 22
    // the java.lang.foreign binding stands in, so JNR is optional. On the module path of JDK 17-21
    // the application resolves it with --add-modules org.jnrproject.ffi,org.objectweb.asm (ASM
    // because JNR-FFI, an automatic module, generates its binding classes with it).
    requires static org.jnrproject.ffi;
    requires static org.jnrproject.jffi;
    requires static org.objectweb.asm;

    exports dev.polling;
    exports dev.polling.testing;
}
