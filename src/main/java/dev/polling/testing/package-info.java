/**
 * Testing code that uses a {@link dev.polling.Poller}: {@link dev.polling.testing.MockPoller}, a
 * deterministic poller whose readiness the test fires, whose clock the test moves, and which
 * records what the code under test did. No OS is involved and no {@code Poller} needs to be
 * mocked by hand.
 */
package dev.polling.testing;
