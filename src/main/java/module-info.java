/**
 * polling: a portable, oneshot-by-default readiness poller.
 *
 * <p>Only {@code dev.polling} and {@code dev.polling.testing} are API; every backend is reached
 * through {@link dev.polling.Poller}.
 */
module dev.polling {
    requires org.jnrproject.ffi;
    requires org.jnrproject.jffi;
    // JNR-FFI generates its binding classes with ASM but, as an automatic module, does not make
    // the module system resolve it: requiring it here does, so users need no --add-modules.
    requires org.objectweb.asm;

    exports dev.polling;
    exports dev.polling.testing;
}
