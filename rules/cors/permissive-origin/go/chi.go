package main

import (
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
)

func chiRouter() *chi.Mux {
	r := chi.NewRouter()
	// ruleid: cors/permissive-origin
	r.Use(cors.Handler(cors.Options{
		AllowedMethods: []string{"GET", "POST", "OPTIONS"},
		AllowedHeaders: []string{"Accept", "Content-Type"},
	}))
	// ok: cors/permissive-origin
	r.Use(cors.Handler(cors.Options{
		AllowedOrigins: []string{"https://app.example.com"},
		AllowedMethods: []string{"GET"},
	}))
	return r
}
