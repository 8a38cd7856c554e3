package io.seedance.streams.simulator;

/** How the simulator counts a per-minute limit of R calls (the real upstream does not say). */
public enum RateWindow {
    /** R/60 per aligned one-second window: strict; a call a moment early in a window is a 429. */
    SECOND,
    /** At most R calls in any sixty seconds: the limit as stated. */
    MINUTE
}
