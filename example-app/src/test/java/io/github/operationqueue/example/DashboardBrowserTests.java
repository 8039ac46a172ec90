package io.github.operationqueue.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven by Selenium through
 * {@code /usr/bin/chromedriver}, opens {@code /}, clicks the burst button and sees the counters and
 * the charts change, and that each series is read on the axis it belongs to. Without Chromium this test fails: CI installs it ({@code .ci/run}); elsewhere run
 * {@code apt-get install chromium chromium-driver}.
 */
@ExampleAppTest
class DashboardBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    private int port;

    private ChromeDriver browser;

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        assertThat(CHROMIUM).as("Chromium, for the dashboard test: apt-get install chromium chromium-driver")
            .isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver, for the dashboard test: apt-get install chromium-driver")
            .isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--user-data-dir=" + profile, "--window-size=1280,1100");
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        this.browser = new ChromeDriver(driver, options);
    }

    @AfterEach
    void closeBrowser() {
        if (this.browser != null) {
            this.browser.quit();
        }
    }

    @Test
    @Timeout(120)
    void aBurstClickedOnTheDashboardShowsInItsCountersAndCharts() throws IOException {
        this.browser.get("http://127.0.0.1:" + this.port + "/");
        WebDriverWait wait = new WebDriverWait(this.browser, PATIENCE);
        wait.until((page) -> page.findElements(By.cssSelector(".charts figure canvas")).size() == 6);
        wait.until((page) -> samples("queue") >= 2);
        long succeededBefore = counter("counter-succeeded");
        double peakThroughputBefore = peak("throughput", 1);

        WebElement requests = this.browser.findElement(By.id("burst-requests"));
        requests.clear();
        requests.sendKeys("300");
        this.browser.findElement(By.id("burst-button")).click();

        wait.until((page) -> page.findElement(By.id("burst-result")).getText().startsWith("300 requests in"));
        assertThat(this.browser.findElement(By.id("burst-result")).getText()).contains("300 succeeded, 0 failed");
        wait.until((page) -> counter("counter-succeeded") >= succeededBefore + 300);
        // Operations completed between two samples show as a rate above zero in the chart.
        wait.until((page) -> peak("throughput", 1) > Math.max(0, peakThroughputBefore));
        assertThat(this.browser.findElement(By.id("poll-status")).getText()).isEmpty();
        assertThat(counter("counter-startup-logins")).as("the login at startup, counted apart").isOne();
        // Once the burst is over, every expiry it met has had its one login.
        wait.until((page) -> counter("counter-logins") == counter("counter-token-expiries"));
        wait.until((page) -> latest("logins", 1) == counter("counter-logins"));
        // The burst had operations in flight under the limit, and the stand-in's capacity is drawn beside them.
        wait.until((page) -> peak("limit", 2) > 0);
        assertThat(latest("limit", 1)).as("the limit").isBetween(2L, 200L);
        assertThat(latest("limit", 3)).as("the stand-in's capacity K").isEqualTo(30);
        Files.write(Path.of("target", "dashboard-browser-test.png"), this.browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @Timeout(120)
    void theLimitIsChartedAgainstOperationsInFlightAndTheStandInsCapacity() {
        this.browser.get("http://127.0.0.1:" + this.port + "/");
        WebDriverWait wait = new WebDriverWait(this.browser, PATIENCE);
        wait.until((page) -> samples("limit") >= 2);

        // One count, one axis: the limit is read against the operations in flight and the capacity K directly.
        assertThat(scaleBySeries("limit")).containsExactly(entry("limit", "y"), entry("in flight", "y"),
                entry("stand-in capacity K", "y"));
        assertThat(this.browser.findElement(By.id("chart-limit")).getText())
            .contains("Queue remote-service: concurrency limit against operations in flight");
    }

    @Test
    @Timeout(120)
    void loginsHaveAChartOfTheirOwnAndWaitersAreReadOffTheRateAxis() {
        this.browser.get("http://127.0.0.1:" + this.port + "/");
        WebDriverWait wait = new WebDriverWait(this.browser, PATIENCE);
        wait.until((page) -> page.findElements(By.cssSelector(".charts figure canvas")).size() == 6);

        // The line's rates share the left axis; waiters are requests, not a rate: their own axis on the right.
        assertThat(scaleBySeries("line")).containsExactly(entry("acquired/s", "y"), entry("found busy/s", "y"),
                entry("waiters", "right"));
        // A handful of logins would lie flat at the bottom of a rate axis that reaches hundreds per second.
        assertThat(scaleBySeries("logins")).containsExactly(entry("logins", "y"), entry("token expiries", "y"));
        // The two coincide once every expiry has had its login: the expiries are dashed, so the logins stay in sight.
        assertThat(script("return window.dashboard.charts.logins.plot.series.map((s) => s.dash || null);"))
            .asInstanceOf(InstanceOfAssertFactories.LIST)
            .containsExactly(null, null, List.of(6L, 6L));
    }

    private Map<String, String> scaleBySeries(String chart) {
        @SuppressWarnings("unchecked")
        List<List<String>> series = (List<List<String>>) script(
                "return window.dashboard.charts[arguments[0]].plot.series.slice(1).map((s) => [s.label, s.scale]);",
                chart);
        Map<String, String> scales = new LinkedHashMap<>();
        series.forEach((labelAndScale) -> scales.put(labelAndScale.get(0), labelAndScale.get(1)));
        return scales;
    }

    private long latest(String chart, int series) {
        return ((Number) script("const column = window.dashboard.charts[arguments[0]].data[arguments[1]];"
                + " return column.length ? column[column.length - 1] : -1;", chart, series))
            .longValue();
    }

    private long counter(String id) {
        return Long.parseLong(this.browser.findElement(By.id(id)).getText().replace(",", ""));
    }

    private long samples(String chart) {
        return ((Number) script("return window.dashboard.charts[arguments[0]].data[0].length;", chart)).longValue();
    }

    private double peak(String chart, int series) {
        return ((Number) script("return Math.max(0, ...window.dashboard.charts[arguments[0]].data[arguments[1]]);",
                chart, series))
            .doubleValue();
    }

    private Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) this.browser).executeScript(script, arguments);
    }

}
