package io.github.operationqueue.example.api;

import io.github.operationqueue.example.client.ClientTotals;
import io.github.operationqueue.example.client.MessageClient;
import io.github.operationqueue.example.remote.TokenIssuer;

import org.springframework.stereotype.Component;

/** Reads the client's and the remote API's counters into one snapshot. */
@Component
class Scoreboard {

    private final MessageClient client;

    private final TokenIssuer remoteTokens;

    Scoreboard(MessageClient client, TokenIssuer remoteTokens) {
        this.client = client;
        this.remoteTokens = remoteTokens;
    }

    RunningTotals read() {
        ClientTotals client = this.client.totals();
        // The remote side counts every login; the client knows which ones had no token to replace.
        return new RunningTotals(client.requests(), client.succeeded(), client.failed(), client.startupLogins(),
                this.remoteTokens.logins() - client.startupLogins(), this.remoteTokens.expiriesMet(),
                client.unauthorizedReplies(), client.unavailableReplies(), this.remoteTokens.loginsWhileValid());
    }

}
