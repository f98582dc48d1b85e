package com.example.config;

import java.util.List;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;

@RestController
public class GatewayConfig {

    public void addCorsMappings(CorsRegistry registry) {
        // ruleid: cors/reflected-origin
        registry.addMapping("/**").allowedOriginPatterns("*").allowCredentials(true);
        // ok: cors/reflected-origin
        registry.addMapping("/partner/**").allowedOriginPatterns("https://*.partner.example.com");
    }

    public CorsConfiguration corsConfiguration() {
        CorsConfiguration config = new CorsConfiguration();
        // ruleid: cors/reflected-origin
        config.setAllowedOriginPatterns(List.of("*"));
        config.setAllowCredentials(true);
        return config;
    }

    // ruleid: cors/reflected-origin
    @CrossOrigin(originPatterns = "*", allowCredentials = "true")
    @GetMapping("/api/session")
    public String session() {
        return "{}";
    }

    // ok: cors/reflected-origin
    @CrossOrigin(originPatterns = "https://*.example.com", allowCredentials = "true")
    @GetMapping("/api/profile")
    public String profile() {
        return "{}";
    }
}
