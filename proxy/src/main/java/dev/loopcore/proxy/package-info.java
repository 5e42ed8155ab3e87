/**
 * Objects that live on a loop, called from any thread: {@link dev.loopcore.proxy.Proxy} constructs or
 * binds a target on a {@link dev.loopcore.MessageLoop}, posts method calls to it ({@code invoke}), calls
 * it with a {@link dev.loopcore.Reply} ({@code call}), or relays a whole interface to it ({@code as}).
 * The ordering, closing and ownership guarantees are on {@link dev.loopcore.proxy.Proxy}.
 */
package dev.loopcore.proxy;
