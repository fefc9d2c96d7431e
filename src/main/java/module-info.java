/**
 * polling: a portable, oneshot-by-default readiness poller.
 *
 * <p>Only {@code dev.polling} and {@code dev.polling.testing} are API; every backend is reached
 * through {@link dev.polling.Poller}.
 */
module dev.polling {
    // Only the JNR binding (the *.jnr packages) uses JNR-FFI. It stays a plain requires while JNR
    // is the only binding, so that a module-path application needs no --add-modules; it becomes
    // requires static when the java.lang.foreign binding can stand in for it.
    requires org.jnrproject.ffi;
    requires org.jnrproject.jffi;
    // JNR-FFI generates its binding classes with ASM but, as an automatic module, does not make
    // the module system resolve it: requiring it here does, so users need no --add-modules.
    requires org.objectweb.asm;

    exports dev.polling;
    exports dev.polling.testing;
}
