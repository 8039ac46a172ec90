package io.github.operationqueue.example.remote;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The stand-in's login: {@code POST /remote/oauth/token} issues a bearer token that expires soon. */
@RestController
class TokenController {

    private final TokenIssuer tokens;

    TokenController(TokenIssuer tokens) {
        this.tokens = tokens;
    }

    @PostMapping("/remote/oauth/token")
    IssuedToken token() {
        return new IssuedToken(this.tokens.issue(), "Bearer", this.tokens.lifetimeSeconds());
    }

}
