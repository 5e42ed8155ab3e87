package dev.loopcore.proxy;

import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two dedicated loops per test, closed (and awaited) after it: the fixture of the proxy tests. */
abstract class TwoLoops {
    static final Duration BOUND = Duration.ofSeconds(20);
    final MessageLoop loop;
    final MessageLoop other;

    TwoLoops(String loopName, String otherName) {
        loop = MessageLoop.start(loopName);
        other = MessageLoop.start(otherName);
    }

    TwoLoops() {
        this("target", "other");
    }

    @AfterEach
    void closeLoops() throws InterruptedException {
        loop.close();
        other.close();
        assertTrue(loop.awaitTermination(BOUND));
        assertTrue(other.awaitTermination(BOUND));
    }
}
