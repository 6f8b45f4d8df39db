package dev.baton.server.terminal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** When something happened, as a person at this machine reads it: the local time, and the day unless today. */
public final class WhenText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private WhenText() {}

    public static String of(Instant when, Clock clock) {
        ZonedDateTime at = when.atZone(clock.getZone());
        LocalDate today = LocalDate.now(clock);
        if (at.toLocalDate().equals(today)) {
            return "today " + at.format(TIME);
        }
        if (at.toLocalDate().equals(today.minusDays(1))) {
            return "yesterday " + at.format(TIME);
        }
        return at.format(DAY_AND_TIME);
    }
}
