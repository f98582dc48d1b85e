Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    # ruleid: cors/permissive-origin
    origins '*'
    resource '*', headers: :any, methods: [:get, :post, :options]
  end

  allow do
    # ok: cors/permissive-origin
    origins ENV.fetch('CORS_ORIGINS', '').split(',')
    resource '/api/*', headers: :any, methods: :any, credentials: true
  end
end
