package main

import (
	"net/http"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

var allowed = map[string]bool{"https://app.example.com": true}

func reflect(w http.ResponseWriter, r *http.Request) {
	// ruleid: cors/reflected-origin
	w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
	w.Header().Set("Access-Control-Allow-Credentials", "true")
}

func reflectVar(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	// ruleid: cors/reflected-origin
	w.Header().Set("Access-Control-Allow-Origin", origin)
}

func checked(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if allowed[origin] {
		// ok: cors/reflected-origin
		w.Header().Set("Access-Control-Allow-Origin", origin)
	}
}

func ginConfig() gin.HandlerFunc {
	return cors.New(cors.Config{
		// ruleid: cors/reflected-origin
		AllowOriginFunc:  func(origin string) bool { return true },
		AllowCredentials: true,
	})
}

func ginChecked() gin.HandlerFunc {
	return cors.New(cors.Config{
		// ok: cors/reflected-origin
		AllowOriginFunc: func(origin string) bool { return allowed[origin] },
	})
}
