public class Startup
{
    public void ConfigureServices(IServiceCollection services)
    {
        services.AddCors(options =>
        {
            options.AddPolicy("Spa", policy => policy
                // ruleid: cors/reflected-origin
                .SetIsOriginAllowed(_ => true)
                .AllowAnyHeader()
                .AllowCredentials());
            options.AddPolicy("Widgets", policy => policy
                // ruleid: cors/reflected-origin
                .SetIsOriginAllowed(origin => true)
                .AllowAnyMethod());
            options.AddPolicy("Partners", policy => policy
                // ok: cors/reflected-origin
                .SetIsOriginAllowed(origin => new Uri(origin).Host.EndsWith(".example.com"))
                .AllowCredentials());
        });
    }

    public void Configure(IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            // ruleid: cors/reflected-origin
            context.Response.Headers["Access-Control-Allow-Origin"] = context.Request.Headers["Origin"];
            await next();
        });
    }
}
