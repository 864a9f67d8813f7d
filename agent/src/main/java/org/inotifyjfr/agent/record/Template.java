package org.inotifyjfr.agent.record;

import java.io.IOException;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.SettingDescriptor;

/**
 * A JFR settings file ({@code .jfc}): the JDK's own {@code default} or {@code profile} settings
 * of the JVM at hand, plus every inotify event with its default settings, under a label of its
 * own, as JMC's template manager and Cryostat's upload want one.
 */
public final class Template {
    private Template() {
    }

    /** The template on {@code base} ("default" or "profile"). */
    public static String jfc(String base, String agentVersion) throws IOException, ParseException {
        Configuration jdk = Configuration.getConfiguration(base);
        String xml = jdk.getContents();
        EventClasses.initialize();
        StringBuilder events = new StringBuilder("\n  <!-- inotify-jfr " + agentVersion
                + ": Linux file activity (inotify), each event with its default -->\n");
        for (Class<? extends Event> type : EventClasses.ALL) {
            EventType t = EventType.getEventType(type);
            events.append("  <event name=\"").append(t.getName()).append("\">\n");
            jdk.jfr.Period period = type.getAnnotation(jdk.jfr.Period.class);
            if (period != null) {
                // JFR lists a periodic event's period only once its hook is registered, which a
                // JVM writing the template does not do: enabled and period are its settings.
                events.append("    <setting name=\"enabled\">").append(EventClasses.enabledByDefault(t))
                        .append("</setting>\n    <setting name=\"period\">").append(escape(period.value()))
                        .append("</setting>\n  </event>\n");
                continue;
            }
            for (SettingDescriptor s : t.getSettingDescriptors()) {
                events.append("    <setting name=\"").append(s.getName()).append("\">")
                        .append(escape(s.getDefaultValue())).append("</setting>\n");
            }
            events.append("  </event>\n");
        }
        int end = xml.lastIndexOf("</configuration>");
        if (end < 0) {
            throw new ParseException("the JDK's " + base + " settings have no </configuration>", 0);
        }
        String label = jdk.getLabel() + " with inotify-jfr";
        String body = xml.substring(0, end) + events + "\n" + xml.substring(end);
        return relabel(body, jdk.getLabel(), label, jdk.getDescription());
    }

    /** The root element's label and description, said to include the file events. */
    private static String relabel(String xml, String oldLabel, String label, String description) {
        int start = xml.indexOf("<configuration");
        int close = xml.indexOf('>', start);
        String root = xml.substring(start, close);
        String renamed = root.replace("label=\"" + escape(oldLabel) + "\"", "label=\"" + escape(label) + "\"");
        if (description != null && !description.isEmpty()) {
            renamed = renamed.replace("description=\"" + escape(description) + "\"", "description=\""
                    + escape(description + " Plus Linux file activity recorded by the inotify-jfr agent.") + "\"");
        }
        return xml.substring(0, start) + renamed + xml.substring(close);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
