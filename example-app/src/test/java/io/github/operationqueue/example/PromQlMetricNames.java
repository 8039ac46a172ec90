package io.github.operationqueue.example;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana {@code label_values} query) reads. Enough PromQL
 * for dashboards: label matchers, range selectors, grouping clauses, variables and function calls are
 * set aside, and what is left that looks like a name is a metric.
 */
final class PromQlMetricNames {

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,)]+?)\\s*(,[^)]*)?\\)");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    private static final Pattern GROUPING = Pattern
        .compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?!\\s*\\()(?![a-zA-Z0-9_:])");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");

    private PromQlMetricNames() {
    }

    static Set<String> in(String query) {
        String rest = LABEL_VALUES.matcher(query).replaceAll("$1");
        rest = STRING.matcher(rest).replaceAll(" ");
        rest = rest.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ").replaceAll("\\$\\w+", " ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = NAME.matcher(rest);
        while (matcher.find()) {
            String name = matcher.group();
            if (!KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

}
