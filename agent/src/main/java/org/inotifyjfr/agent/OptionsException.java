package org.inotifyjfr.agent;

/** Agent arguments or a config file that cannot be used; the message names what and why. */
public final class OptionsException extends Exception {
    private static final long serialVersionUID = 1L;

    OptionsException(String message) {
        super(message, null, false, false);
    }
}
