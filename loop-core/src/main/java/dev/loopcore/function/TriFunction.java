package dev.loopcore.function;

/**
 * A three-argument function; the loop or proxy that runs it decides the thread.
 *
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 * @param <C> the third argument's type
 * @param <R> the result's type
 */
@FunctionalInterface
public interface TriFunction<A, B, C, R> {
    /**
     * Applies this function to the given arguments.
     *
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     * @return the function's result
     */
    R apply(A a, B b, C c);
}
