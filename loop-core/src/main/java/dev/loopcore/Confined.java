package dev.loopcore;

import dev.loopcore.internal.Checks;

import java.util.Objects;

/**
 * A value that only one loop may touch. With checks on ({@code -Ddev.loopcore.checks=true} or
 * {@code -ea}), {@link #get()} and {@link #set(Object)} off that loop throw {@link WrongLoopException};
 * with checks off they are a plain field access.
 *
 * <p>Threading: only the owning loop's tasks may call {@link #get()} and {@link #set(Object)}.
 */
public final class Confined<T> {
    private final MessageLoop loop;
    private T value;

    private Confined(MessageLoop loop, T value) {
        this.loop = loop;
        this.value = value;
    }

    /** A value confined to {@code loop}. */
    public static <T> Confined<T> to(MessageLoop loop, T value) {
        return new Confined<>(Objects.requireNonNull(loop, "loop"), value);
    }

    public MessageLoop loop() {
        return loop;
    }

    public T get() {
        if (Checks.ENABLED) loop.checkCurrent();
        return value;
    }

    public void set(T value) {
        if (Checks.ENABLED) loop.checkCurrent();
        this.value = value;
    }
}
