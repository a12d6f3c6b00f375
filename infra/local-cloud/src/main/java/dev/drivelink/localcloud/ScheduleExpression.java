package dev.drivelink.localcloud;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression: {@code rate(5 minutes)} or {@code cron(0/15 * * * ? *)}
 * (minutes, hours, day of month, month, day of week, year; UTC). Cron fields take {@code *}, {@code ?},
 * lists, ranges, steps and names (JAN-DEC, SUN-SAT, with SUN = 1); the {@code L}, {@code W} and
 * {@code #} forms are not supported locally.
 */
public final class ScheduleExpression {

    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String text;
    private final Duration rate;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final BitSet years;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private ScheduleExpression(String text, Duration rate, BitSet[] fields, boolean anyDayOfMonth, boolean anyDayOfWeek) {
        this.text = text;
        this.rate = rate;
        this.minutes = fields == null ? null : fields[0];
        this.hours = fields == null ? null : fields[1];
        this.daysOfMonth = fields == null ? null : fields[2];
        this.months = fields == null ? null : fields[3];
        this.daysOfWeek = fields == null ? null : fields[4];
        this.years = fields == null ? null : fields[5];
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
    }

    public static ScheduleExpression parse(String expression) {
        String text = expression.trim();
        Matcher rate = RATE.matcher(text);
        if (rate.matches()) {
            long value = Long.parseLong(rate.group(1));
            if (value < 1) {
                throw new IllegalArgumentException("a rate is at least 1: " + text);
            }
            String unit = rate.group(2);
            if (value == 1 != !unit.endsWith("s")) {
                throw new IllegalArgumentException("EventBridge wants 'rate(1 minute)' but 'rate(2 minutes)': " + text);
            }
            Duration period = unit.startsWith("minute") ? Duration.ofMinutes(value)
                    : unit.startsWith("hour") ? Duration.ofHours(value) : Duration.ofDays(value);
            return new ScheduleExpression(text, period, null, false, false);
        }
        Matcher cron = CRON.matcher(text);
        if (!cron.matches()) {
            throw new IllegalArgumentException("not a schedule expression (rate(...) or cron(...)): " + text);
        }
        String[] parts = cron.group(1).trim().split("\\s+");
        if (parts.length != 6) {
            throw new IllegalArgumentException("cron(...) has 6 fields (min hour day-of-month month day-of-week year): " + text);
        }
        boolean anyDom = parts[2].equals("?") || parts[2].equals("*");
        boolean anyDow = parts[4].equals("?") || parts[4].equals("*");
        if (!parts[2].equals("?") && !parts[4].equals("?")) {
            throw new IllegalArgumentException("cron(...) wants '?' in day-of-month or day-of-week: " + text);
        }
        BitSet[] fields = {
            field(parts[0], 0, 59, null, 0), field(parts[1], 0, 23, null, 0), field(parts[2], 1, 31, null, 0),
            field(parts[3], 1, 12, MONTHS, 1), field(parts[4], 1, 7, DAYS, 1), field(parts[5], 1970, 2199, null, 0)
        };
        return new ScheduleExpression(text, null, fields, anyDom, anyDow);
    }

    private static BitSet field(String text, int min, int max, List<String> names, int nameBase) {
        BitSet bits = new BitSet();
        for (String part : text.toUpperCase(Locale.ROOT).split(",")) {
            String withoutNames = part.replaceAll("[A-Z]{3}", "");
            if (withoutNames.contains("L") || withoutNames.contains("W") || withoutNames.contains("#")) {
                throw new UnsupportedOperationException("cron '" + part + "' (L, W, #) is not supported locally");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = value(ends[0], names, nameBase);
                to = value(ends[1], names, nameBase);
            } else {
                from = value(range, names, nameBase);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to || step < 1) {
                throw new IllegalArgumentException("cron field out of range: " + part);
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int value(String text, List<String> names, int nameBase) {
        if (names != null && names.contains(text)) {
            return names.indexOf(text) + nameBase;
        }
        return Integer.parseInt(text);
    }

    public boolean isRate() {
        return rate != null;
    }

    /** The period of a rate expression. */
    public Duration rate() {
        return rate;
    }

    /** The first firing strictly after {@code after}, or null when there is none (a past year). */
    public Instant next(Instant after) {
        if (rate != null) {
            return after.plus(rate);
        }
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if (!years.get(t.getYear())) {
                t = LocalDateTime.of(t.getYear() + 1, 1, 1, 0, 0);
                continue;
            }
            if (!months.get(t.getMonthValue())) {
                t = YearMonth.from(t).plusMonths(1).atDay(1).atStartOfDay();
                continue;
            }
            if (!dayMatches(t)) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return t.toInstant(ZoneOffset.UTC);
        }
        return null;
    }

    private boolean dayMatches(LocalDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        int dow = t.getDayOfWeek().getValue() % 7 + 1; // SUN = 1 ... SAT = 7
        boolean dowMatch = daysOfWeek.get(dow);
        if (anyDayOfMonth && anyDayOfWeek) {
            return true;
        }
        if (anyDayOfMonth) {
            return dowMatch;
        }
        return dom;
    }

    @Override
    public String toString() {
        return text;
    }
}
