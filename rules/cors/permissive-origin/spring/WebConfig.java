package com.example.config;

import java.util.List;
import javax.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
public class WebConfig implements WebMvcConfigurer {

    @Value("${app.cors.allowed-origins}")
    private String[] allowedOrigins;

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        // ruleid: cors/permissive-origin
        registry.addMapping("/**").allowedOrigins("*").allowedMethods("GET", "POST");
        // ruleid: cors/permissive-origin
        registry.addMapping("/public/**");
        // ok: cors/permissive-origin
        registry.addMapping("/api/**").allowedMethods("*").allowedOrigins(allowedOrigins);
    }

    @Bean
    public UrlBasedCorsConfigurationSource corsConfigurationSource() {
        CorsConfiguration config = new CorsConfiguration();
        // ruleid: cors/permissive-origin
        config.setAllowedOrigins(List.of("*"));
        // ruleid: cors/permissive-origin
        config.addAllowedOrigin("*");
        // ok: cors/permissive-origin
        config.addAllowedHeader("*");
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }

    static void legacyHeaders(HttpServletResponse response) {
        // ruleid: cors/permissive-origin
        response.setHeader("Access-Control-Allow-Origin", "*");
        // ok: cors/permissive-origin
        response.setHeader("Access-Control-Allow-Methods", "*");
    }
}
