package io.quiesce.rehearsal.watch;

import io.quiesce.lifecycle.config.ConfigReader;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rehearsal's watchers ({@code -Dquiesce.rehearsal.watch-*}), read apart from the rollout's own settings.
 *
 * @param sharePercent of the instances the load starts, how many get a watcher (every n-th, so the share is exact)
 * @param readTimeout  a watcher treats a stream silent for this long as broken (the server's heartbeats come every 15 s)
 */
public record WatchConfig(int sharePercent, Duration readTimeout) {

    public static final String SHARE = "quiesce.rehearsal.watch-share";
    public static final String READ_TIMEOUT = "quiesce.rehearsal.watch-read-timeout";

    private static final Pattern PERCENT = Pattern.compile("(100|[1-9]?[0-9])%?");

    public WatchConfig withShare(int percent) {
        return new WatchConfig(percent, readTimeout);
    }

    public static WatchConfig fromSystemProperties() {
        Properties properties = System.getProperties();
        return from(key -> Optional.ofNullable(properties.getProperty(key)));
    }

    public static WatchConfig from(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(
                key -> source.apply(key)
                        .filter(v -> !v.isBlank())
                        .or(() -> Optional.ofNullable(
                                key.equals(SHARE) ? "20%" : key.equals(READ_TIMEOUT) ? "60s" : null)),
                "rehearsal");
        String share = config.matching(SHARE, PERCENT, "a share of the instances from 0% to 100%");
        return new WatchConfig(
                Integer.parseInt(share.replace("%", "")),
                config.duration(READ_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(10)));
    }
}
