package dev.loopcore.function;

/**
 * A four-argument action; the loop or proxy that runs it decides the thread.
 *
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 * @param <C> the third argument's type
 * @param <D> the fourth argument's type
 */
@FunctionalInterface
public interface QuadConsumer<A, B, C, D> {
    /**
     * Performs this action on the given arguments.
     *
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     * @param d the fourth argument
     */
    void accept(A a, B b, C c, D d);
}
