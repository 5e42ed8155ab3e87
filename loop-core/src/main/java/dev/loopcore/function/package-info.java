/** Functional interfaces of more arities than {@code java.util.function} has, for posts and proxy calls. */
package dev.loopcore.function;
