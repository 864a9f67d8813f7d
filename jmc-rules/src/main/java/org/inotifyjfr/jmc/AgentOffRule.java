package org.inotifyjfr.jmc;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;

/** The agent was loaded but off: bad options, or a fault stopped it. */
public final class AgentOffRule extends FileActivityRule {
    public AgentOffRule() {
        super("AgentOff", "File Activity Agent Off (inotify-jfr)");
    }

    @Override
    IResult evaluate(IItemCollection items, ResultBuilder result) {
        IItemCollection configurations = Events.of(items, "Configuration");
        List<String> states = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Events.strings(configurations, "state", (t, state) -> states.add(state));
        Events.strings(configurations, "offReason", (t, reason) -> {
            if (reason != null && !reason.isEmpty() && !reasons.contains(reason)) {
                reasons.add(reason);
            }
        });
        if (!states.contains("off")) {
            return ok(result, "The inotify-jfr agent was on.");
        }
        boolean always = !states.contains("on");
        return result(result, always ? 90 : 75, "The inotify-jfr agent was off" + (always ? "" : " for part of the recording")
                + ": " + String.join("; ", reasons),
                "While it is off the agent watches nothing, so no file activity is recorded.",
                "Correct what the reason names (an option, a path) and start the JVM again, or attach with "
                        + "java -jar inotify-jfr-agent.jar PID path=DIR.");
    }
}
