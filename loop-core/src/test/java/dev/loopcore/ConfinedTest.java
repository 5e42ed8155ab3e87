package dev.loopcore;

import dev.loopcore.internal.Checks;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** Contract 13: with checks on (surefire runs with -ea), Confined and checkCurrent guard their loop. */
class ConfinedTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void checksAreOnInTests() {
        assertTrue(Checks.ENABLED, "tests run with -ea, which turns checks on");
    }

    @Test
    void confinedGetAndSetOffItsLoopThrowWrongLoop() throws Exception {
        MessageLoop loop = MessageLoop.start("owner");
        try {
            Confined<String> c = Confined.to(loop, "v");
            assertThrows(WrongLoopException.class, c::get);
            assertThrows(WrongLoopException.class, () -> c.set("x"));
            assertEquals("v", loop.call(c::get).await(BOUND));
            assertEquals("w", loop.call(() -> {
                c.set("w");
                return c.get();
            }).await(BOUND));
            MessageLoop other = MessageLoop.start("other");
            try {
                Reply<String> r = other.call(c::get);
                CallFailedException e = assertThrows(CallFailedException.class, () -> r.await(BOUND));
                assertInstanceOf(WrongLoopException.class, e.getCause());
            } finally {
                other.close();
            }
        } finally {
            loop.close();
            assertTrue(loop.awaitTermination(BOUND));
        }
    }

    @Test
    void confinedOnAPooledLoopWorksOnWhicheverPoolThreadRunsIt() throws Exception {
        try (LoopPool pool = LoopPool.create("confined", 2)) {
            MessageLoop l = pool.newLoop("l");
            Confined<Integer> c = Confined.to(l, 0);
            for (int i = 0; i < 1000; i++) l.post(() -> c.set(c.get() + 1));
            assertEquals(1000, l.call(c::get).await(BOUND));
            assertThrows(WrongLoopException.class, c::get);
        }
    }

    @Test
    void confinedRejectsANullLoop() {
        assertEquals("loop", assertThrows(NullPointerException.class, () -> Confined.to(null, 1)).getMessage());
    }
}
