/**
 * A small file-processing job to run under the agent: orders arrive in an inbox (written to a
 * temp file, then renamed), are processed with real CPU and allocation work, their results
 * written, the orders archived and old archives deleted. It records itself and prints what the
 * recording holds.
 */
package org.inotifyjfr.demo;
