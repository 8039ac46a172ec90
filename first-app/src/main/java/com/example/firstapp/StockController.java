package com.example.firstapp;

import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class StockController {

    private final InventoryClient inventory;

    public StockController(InventoryClient inventory) {
        this.inventory = inventory;
    }

    /** {@code GET /stock/A-100}: holds no server thread while the request waits for its turn and answer. */
    @GetMapping(path = "/stock/{sku:[A-Za-z0-9-]+}", produces = MediaType.APPLICATION_JSON_VALUE)
    public CompletableFuture<String> stock(@PathVariable String sku) {
        return this.inventory.stock(sku);
    }

    @ExceptionHandler(InventoryException.class)
    ProblemDetail inventoryFailed(InventoryException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, ex.getMessage());
    }

}
