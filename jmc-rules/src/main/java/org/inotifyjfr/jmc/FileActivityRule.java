package org.inotifyjfr.jmc;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.common.util.TypedPreference;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IResultValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;
import org.openjdk.jmc.flightrecorder.rules.util.JfrRuleTopics;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit.EventAvailability;

/**
 * What every rule here shares: the File I/O topic, inotify.Configuration required (a recording
 * without the agent gets "not applicable", not a false all-clear), no preferences, and a result
 * made of a score, a summary, an explanation and the remedy.
 */
abstract class FileActivityRule implements IRule {
    private final String id;
    private final String name;

    FileActivityRule(String id, String name) {
        this.id = id;
        this.name = name;
    }

    @Override
    public final String getId() {
        return "inotify-jfr." + id;
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final String getTopic() {
        return JfrRuleTopics.FILE_IO;
    }

    @Override
    public Map<String, EventAvailability> getRequiredEvents() {
        return Map.of(Events.PREFIX + "Configuration", EventAvailability.AVAILABLE);
    }

    @Override
    public final Collection<TypedPreference<?>> getConfigurationAttributes() {
        return List.of();
    }

    @Override
    public final Collection<TypedResult<?>> getResults() {
        return List.of(TypedResult.SCORE);
    }

    @Override
    public final RunnableFuture<IResult> createEvaluation(IItemCollection items, IPreferenceValueProvider preferences,
            IResultValueProvider dependencies) {
        return new FutureTask<>(() -> evaluate(items, ResultBuilder.createFor(this, preferences)));
    }

    /** The result for this recording. */
    abstract IResult evaluate(IItemCollection items, ResultBuilder result);

    /** A result with {@code score} (0 to 100: below 25 OK, below 75 information, else a warning). */
    static IResult result(ResultBuilder builder, double score, String summary, String explanation, String solution) {
        return builder.setSeverity(Severity.get(score)).addResult(TypedResult.SCORE, UnitLookup.NUMBER_UNITY.quantity(score))
                .setSummary(summary).setExplanation(explanation).setSolution(solution).build();
    }

    static IResult ok(ResultBuilder builder, String summary) {
        return result(builder, 0, summary, null, null);
    }
}
