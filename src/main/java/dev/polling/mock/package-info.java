/**
 * The {@link dev.polling.Backend#MOCK} backend behind {@code dev.polling.testing.MockPoller}:
 * internal, not exported; users reach it through the testing package.
 */
package dev.polling.mock;
