package dev.loopcore.function;

/**
 * A three-argument action; the loop or proxy that runs it decides the thread.
 *
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 * @param <C> the third argument's type
 */
@FunctionalInterface
public interface TriConsumer<A, B, C> {
    /**
     * Performs this action on the given arguments.
     *
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     */
    void accept(A a, B b, C c);
}
