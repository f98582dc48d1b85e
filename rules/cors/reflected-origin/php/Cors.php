<?php

namespace App\Http\Middleware;

use Closure;
use Illuminate\Http\Request;

class Cors
{
    public function handle(Request $request, Closure $next)
    {
        return $next($request)
            // ruleid: cors/reflected-origin
            ->header('Access-Control-Allow-Origin', $request->header('Origin'))
            ->header('Access-Control-Allow-Credentials', 'true');
    }

    public function checked(Request $request, Closure $next)
    {
        $response = $next($request);
        if (in_array($request->header('Origin'), config('cors.allowed_origins'), true)) {
            // ok: cors/reflected-origin
            $response->header('Access-Control-Allow-Origin', $request->header('Origin'));
        }
        return $response;
    }
}
