// The dashboard: polls the actuator and /api/stats every half second and draws the last minute.
'use strict';

const QUEUE = 'remote-service';
const LINE = 'remote-auth';
const POLL_MILLIS = 500;
const WINDOW_POINTS = 120;

async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    if (response.status === 404) {
        return null; // a timer that has recorded nothing yet
    }
    if (!response.ok) {
        throw new Error(`${url}: HTTP ${response.status}`);
    }
    return response.json();
}

function statistic(metric, name) {
    const measurement = metric && metric.measurements.find((m) => m.statistic === name);
    return measurement ? measurement.value : 0;
}

// A time chart that keeps the last WINDOW_POINTS samples of its series. Series with scale 'right' are
// read on a second axis, so that a few runners stay visible next to thousands of queued operations, and
// a count stays apart from rates.
function timeChart(elementId, title, seriesDefinitions) {
    const element = document.getElementById(elementId);
    const data = [[], ...seriesDefinitions.map(() => [])];
    const axes = [{}, { size: 60 }];
    if (seriesDefinitions.some((s) => s.scale === 'right')) {
        axes.push({ scale: 'right', side: 1, size: 50, grid: { show: false } });
    }
    const plot = new uPlot({
        title,
        width: element.clientWidth - 16,
        height: 220,
        scales: { x: { time: true } },
        legend: { live: false },
        axes,
        series: [{}, ...seriesDefinitions.map((s) => ({
            label: s.label, stroke: s.color, width: 2, scale: s.scale || 'y', dash: s.dash,
        }))],
    }, data, element);
    return {
        data,
        plot,
        append(seconds, values) {
            data[0].push(seconds);
            values.forEach((value, i) => data[i + 1].push(value));
            if (data[0].length > WINDOW_POINTS) {
                data.forEach((column) => column.shift());
            }
            plot.setData(data);
        },
    };
}

const charts = {
    queue: timeChart('chart-queue', `Queue ${QUEUE}: depth (left) and runners (right)`, [
        { label: 'depth', color: '#2563eb' },
        { label: 'running', color: '#16a34a', scale: 'right' },
        { label: 'waiting', color: '#94a3b8', scale: 'right' },
        { label: 'pending', color: '#d97706', scale: 'right' },
    ]),
    // The adaptive limit against what the queue really has in flight, and the stand-in's room K (dashed): the
    // limit follows K when it changes (POST /remote/capacity?k=15).
    limit: timeChart('chart-limit', `Queue ${QUEUE}: concurrency limit against operations in flight`, [
        { label: 'limit', color: '#dc2626' },
        { label: 'in flight', color: '#16a34a' },
        { label: 'stand-in capacity K', color: '#64748b', dash: [6, 6] },
    ]),
    throughput: timeChart('chart-throughput', 'Operations finished per second', [
        { label: 'completed/s', color: '#16a34a' },
        { label: 'failed/s', color: '#dc2626' },
    ]),
    timing: timeChart('chart-timing', 'Mean wait and execution time (ms)', [
        { label: 'wait', color: '#d97706' },
        { label: 'execution', color: '#7c3aed' },
    ]),
    line: timeChart('chart-line', `Line ${LINE}: acquisitions per second (left), waiting requests (right)`, [
        { label: 'acquired/s', color: '#2563eb' },
        { label: 'found busy/s', color: '#d97706' },
        { label: 'waiters', color: '#16a34a', scale: 'right' },
    ]),
    logins: timeChart('chart-logins', 'Logins for expired tokens and token expiries met, since startup', [
        { label: 'logins', color: '#dc2626' },
        // Dashed: where every expiry has had its login, the two lines coincide and the logins show through.
        { label: 'token expiries', color: '#7c3aed', dash: [6, 6] },
    ]),
};

// Totals from the previous sample, to turn totals into rates; null before the first one.
let previous = null;

function perSecond(now, earlier, field) {
    if (!earlier) {
        return 0;
    }
    const seconds = Math.max(now.seconds - earlier.seconds, 0.001);
    return Math.max(0, (now[field] - earlier[field]) / seconds);
}

function meanMillis(now, earlier, count, total) {
    const newCount = earlier ? now[count] - earlier[count] : 0;
    return newCount > 0 ? ((now[total] - earlier[total]) / newCount) * 1000 : 0;
}

function showCounters(stats) {
    const counters = {
        'counter-requests': stats.requests,
        'counter-succeeded': stats.succeeded,
        'counter-failed': stats.failed,
        'counter-startup-logins': stats.startupLogins,
        'counter-logins': stats.logins,
        'counter-token-expiries': stats.tokenExpiries,
        'counter-unauthorized': stats.unauthorizedReplies,
        'counter-unavailable': stats.unavailableReplies,
    };
    Object.entries(counters).forEach(([id, value]) => {
        document.getElementById(id).textContent = value.toLocaleString('en');
    });
}

async function sample() {
    const [queue, line, wait, execution, stats, standIn] = await Promise.all([
        getJson(`/actuator/operationqueues/${QUEUE}`),
        getJson(`/actuator/lines/${LINE}`),
        getJson(`/actuator/metrics/operation.queue.wait?tag=queue:${QUEUE}`),
        getJson(`/actuator/metrics/operation.queue.execution?tag=queue:${QUEUE}`),
        getJson('/api/stats'),
        getJson('/remote/capacity'),
    ]);
    const now = {
        seconds: Date.now() / 1000,
        completed: queue.operations.completed,
        failed: queue.operations.failed,
        waitCount: statistic(wait, 'COUNT'),
        waitTotal: statistic(wait, 'TOTAL_TIME'),
        executionCount: statistic(execution, 'COUNT'),
        executionTotal: statistic(execution, 'TOTAL_TIME'),
        acquired: line.acquisitions.acquired,
        busy: line.acquisitions.busy,
    };
    const runners = queue.runners;
    charts.queue.append(now.seconds, [queue.depth, runners.running, runners.waiting, runners.pending]);
    charts.limit.append(now.seconds, [queue.flowControl.limit, queue.flowControl.inFlight, standIn.capacity]);
    charts.throughput.append(now.seconds, [
        perSecond(now, previous, 'completed'),
        perSecond(now, previous, 'failed'),
    ]);
    charts.timing.append(now.seconds, [
        meanMillis(now, previous, 'waitCount', 'waitTotal'),
        meanMillis(now, previous, 'executionCount', 'executionTotal'),
    ]);
    charts.line.append(now.seconds, [
        perSecond(now, previous, 'acquired'),
        perSecond(now, previous, 'busy'),
        line.waiters,
    ]);
    charts.logins.append(now.seconds, [stats.logins, stats.tokenExpiries]);
    showCounters(stats);
    previous = now;
}

async function poll() {
    const status = document.getElementById('poll-status');
    try {
        await sample();
        status.textContent = '';
        status.className = '';
    }
    catch (error) {
        status.textContent = `Polling failed: ${error.message}`;
        status.className = 'failing';
    }
    setTimeout(poll, POLL_MILLIS);
}

async function sendBurst() {
    const button = document.getElementById('burst-button');
    const result = document.getElementById('burst-result');
    const requests = document.getElementById('burst-requests').value;
    button.disabled = true;
    result.textContent = `Sending ${requests} requests...`;
    try {
        const response = await fetch(`/api/burst?requests=${encodeURIComponent(requests)}`, { method: 'POST' });
        const body = await response.json();
        result.textContent = response.ok
            ? `${body.requests} requests in ${body.millis} ms: ${body.succeeded} succeeded, ${body.failed} failed; `
                + `${body.logins} logins for ${body.tokenExpiries} token expiries; `
                + `${body.unavailableReplies} 503s and 429s retried.`
            : body.detail;
    }
    catch (error) {
        result.textContent = `Burst failed: ${error.message}`;
    }
    finally {
        button.disabled = false;
    }
}

document.getElementById('burst-button').addEventListener('click', sendBurst);
// For the console, and for the browser test.
window.dashboard = { charts };
poll();
