package dev.loopcore.regression;

import dev.loopcore.MessageLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 point 4, contracts 6 and 8: a delayed task belongs to the call chain of the task that posted
 * it, from whichever thread it was posted, and due delayed tasks of the awaited chain run during the wait.
 */
class ChainTimersTest extends CompositionSupport {

    /** The awaited call, running on B, posts a delayed task to the waiting loop A: it runs during the wait. */
    @Test
    void delayedTaskPostedToTheWaitingLoopByTheAwaitedCallRunsDuringTheAwait() {
        MessageLoop a = loop("A");
        MessageLoop b = loop("B");
        CountDownLatch timerRan = new CountDownLatch(1);

        boolean ranDuringAwait = a.call(() -> b.call(() -> {
            a.postDelayed(timerRan::countDown, Duration.ofMillis(1));
            return awaitQuietly(timerRan, SHORT); // the reply waits for the timer, so the await must run it
        }).await()).await(BOUND);

        assertTrue(ranDuringAwait, "the delayed task of the awaited call did not run while A awaited it");
    }

    /** A due delayed task of another chain at the head of the timers must not starve the awaited chain's. */
    @Test
    void dueTimerOfTheAwaitedChainRunsBehindAnEarlierDueTimerOfAnotherChain() {
        MessageLoop a = loop("A");
        MessageLoop b = loop("B");
        CountDownLatch chainTimerRan = new CountDownLatch(1);
        CountDownLatch otherTimerRan = new CountDownLatch(1);

        boolean ranDuringAwait = a.call(() -> {
            // Not in the chain below (posted before the call is made); due first, so it heads the timers.
            a.postDelayed(otherTimerRan::countDown, Duration.ZERO);
            return b.call(() -> {
                // A callback in the call's chain posts, on A itself, a delayed task of that chain.
                a.post(() -> a.postDelayed(chainTimerRan::countDown, Duration.ofMillis(2)));
                return awaitQuietly(chainTimerRan, SHORT);
            }).await();
        }).await(BOUND);

        assertTrue(ranDuringAwait, "the awaited chain's due delayed task starved behind another chain's");
        await(otherTimerRan); // and the other one runs after the await
    }
}
