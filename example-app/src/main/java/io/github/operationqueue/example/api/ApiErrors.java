package io.github.operationqueue.example.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Turns a bad burst request into a 400 whose JSON body (RFC 9457) says what is allowed. */
@RestControllerAdvice(assignableTypes = BurstController.class)
class ApiErrors {

    @ExceptionHandler
    ProblemDetail invalidBurst(InvalidBurstException ex) {
        return badRequest(ex.getMessage());
    }

    @ExceptionHandler
    ProblemDetail notANumber(MethodArgumentTypeMismatchException ex) {
        return badRequest("Parameter '" + ex.getName() + "' must be " + BurstController.ALLOWED_REQUESTS + ", but was '"
                + ex.getValue() + "'");
    }

    private static ProblemDetail badRequest(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid burst");
        problem.setProperty("allowed", "requests: " + BurstController.ALLOWED_REQUESTS);
        return problem;
    }

}
