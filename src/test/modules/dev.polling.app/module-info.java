/** A tiny application on the module path, run by {@code ModulePathTest}: it uses polling as a user would. */
module dev.polling.app {
    requires dev.polling;
}
