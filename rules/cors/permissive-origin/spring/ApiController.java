package com.example.api;

import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

// ruleid: cors/permissive-origin
@CrossOrigin
@RestController
public class ApiController {

    // ruleid: cors/permissive-origin
    @CrossOrigin(origins = "*")
    @GetMapping("/api/items")
    public String items() {
        return "[]";
    }

    // ruleid: cors/permissive-origin
    @CrossOrigin(maxAge = 3600)
    @GetMapping("/api/stats")
    public String stats() {
        return "{}";
    }

    // ok: cors/permissive-origin
    @CrossOrigin(origins = "${app.cors.allowed-origins}")
    @GetMapping("/api/orders")
    public String orders() {
        return "[]";
    }

    // ok: cors/permissive-origin
    @CrossOrigin(origins = {"https://app.example.com", "https://admin.example.com"}, allowedHeaders = "*")
    @GetMapping("/api/users")
    public String users() {
        return "[]";
    }
}
