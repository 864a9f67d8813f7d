/**
 * JDK Mission Control rules for inotify-jfr's file activity events, found by JMC through
 * {@code META-INF/services/org.openjdk.jmc.flightrecorder.rules.IRule}: put the jar on the class
 * path of JMC's headless reports ({@code JfrRulesReport}, {@code JfrHtmlRulesReport}), in JMC's
 * dropins, or beside Cryostat's report generator.
 */
package org.inotifyjfr.jmc;
