package io.quiesce.rehearsal.config;

import io.quiesce.lifecycle.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The share of each request kind in the load, {@code get:70,echo:15,long:5,instance:10}; spread evenly over time. */
public record RequestMix(Map<Kind, Integer> weights) {

    public enum Kind {
        GET,
        ECHO,
        LONG,
        INSTANCE
    }

    static final String ALLOWED =
            "kind:weight pairs, kinds get, echo, long, instance, e.g. get:70,echo:15,long:5,instance:10";

    static RequestMix parse(String property, String value) {
        Map<Kind, Integer> weights = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String[] pair = part.trim().split(":");
            if (pair.length != 2 || !pair[1].trim().matches("\\d{1,4}")) {
                throw ConfigException.invalid(property, value, ALLOWED);
            }
            try {
                weights.put(Kind.valueOf(pair[0].trim().toUpperCase(Locale.ROOT)), Integer.parseInt(pair[1].trim()));
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid(property, value, ALLOWED);
            }
        }
        if (weights.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw ConfigException.invalid(property, value, ALLOWED);
        }
        return new RequestMix(weights);
    }

    /** One cycle of kinds, interleaved so that every kind recurs at a steady pace (a smooth weighted round robin). */
    public List<Kind> cycle() {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        Map<Kind, Integer> current = new LinkedHashMap<>();
        weights.keySet().forEach(kind -> current.put(kind, 0));
        List<Kind> cycle = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            weights.forEach((kind, weight) -> current.merge(kind, weight, Integer::sum));
            Kind next = current.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .orElseThrow()
                    .getKey();
            current.merge(next, -total, Integer::sum);
            cycle.add(next);
        }
        return cycle;
    }
}
