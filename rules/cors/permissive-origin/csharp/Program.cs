var builder = WebApplication.CreateBuilder(args);
var allowedOrigins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? Array.Empty<string>();

builder.Services.AddCors(options =>
{
    options.AddPolicy("Open", policy =>
        // ruleid: cors/permissive-origin
        policy.AllowAnyOrigin()
            .AllowAnyHeader()
            .AllowAnyMethod());
    options.AddPolicy("Legacy", policy =>
        // ruleid: cors/permissive-origin
        policy.WithOrigins("*"));
    options.AddPolicy("Frontend", policy =>
        // ok: cors/permissive-origin
        policy.WithOrigins(allowedOrigins).AllowAnyHeader().AllowCredentials());
});

var app = builder.Build();

app.Use(async (context, next) =>
{
    // ruleid: cors/permissive-origin
    context.Response.Headers["Access-Control-Allow-Origin"] = "*";
    // ok: cors/permissive-origin
    context.Response.Headers["Access-Control-Allow-Headers"] = "*";
    await next();
});

app.UseCors("Frontend");
app.Run();
