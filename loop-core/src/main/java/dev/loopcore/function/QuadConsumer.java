package dev.loopcore.function;

/** A four-argument action; the loop or proxy that runs it decides the thread. */
@FunctionalInterface
public interface QuadConsumer<A, B, C, D> {
    void accept(A a, B b, C c, D d);
}
