package dev.loopcore.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A loop's oldest pending message has waited longer than its congestion threshold (sampled). */
@Name("dev.loopcore.Congestion")
@Label("Loop Congestion")
@Category("loopcore")
@Description("The oldest pending message of a loop has waited longer than its congestion threshold")
@StackTrace(false)
public final class CongestionEvent extends jdk.jfr.Event {
    @Label("Loop")
    public String loop;
    @Label("Oldest Waited")
    @Description("How long the oldest pending message had waited when this was reported (at least)")
    @Timespan(Timespan.NANOSECONDS)
    public long oldestWaited;
    @Label("Pending")
    @Description("Messages offered and not yet taken by the loop")
    public long pending;
    @Label("Threshold")
    @Timespan(Timespan.NANOSECONDS)
    public long threshold;
}
