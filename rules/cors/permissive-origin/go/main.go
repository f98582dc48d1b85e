package main

import (
	"net/http"
	"os"
	"strings"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
	rscors "github.com/rs/cors"
)

func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// ruleid: cors/permissive-origin
		w.Header().Set("Access-Control-Allow-Origin", "*")
		// ok: cors/permissive-origin
		w.Header().Set("Access-Control-Allow-Headers", "*")
		next.ServeHTTP(w, r)
	})
}

func ginRouter() *gin.Engine {
	r := gin.Default()
	// ruleid: cors/permissive-origin
	r.Use(cors.Default())
	r.Use(cors.New(cors.Config{
		// ruleid: cors/permissive-origin
		AllowAllOrigins: true,
		AllowMethods:    []string{"GET", "POST"},
	}))
	r.Use(cors.New(cors.Config{
		// ruleid: cors/permissive-origin
		AllowOrigins: []string{"*"},
	}))
	r.Use(cors.New(cors.Config{
		// ok: cors/permissive-origin
		AllowOrigins: strings.Split(os.Getenv("CORS_ORIGINS"), ","),
	}))
	return r
}

func rsHandlers(mux *http.ServeMux) []http.Handler {
	return []http.Handler{
		// ruleid: cors/permissive-origin
		rscors.AllowAll().Handler(mux),
		rscors.New(rscors.Options{
			// ruleid: cors/permissive-origin
			AllowedOrigins:   []string{"*"},
			AllowCredentials: true,
		}).Handler(mux),
		rscors.New(rscors.Options{
			// ok: cors/permissive-origin
			AllowedOrigins: []string{"https://*.example.com"},
		}).Handler(mux),
	}
}

func main() {
	mux := http.NewServeMux()
	_ = rsHandlers(mux)
	_ = ginRouter()
	http.ListenAndServe(":8080", withCORS(mux))
}
