// Runtime classes of @azure/functions, taken from the default export on purpose.
// The package is a CommonJS webpack bundle: under plain Node ESM (`npm start`), Node's CJS export detection finds
// `app`, `trigger`, `output` but NOT `HttpRequest`, `HttpResponse`, `InvocationContext` or `Disposable`, so
// `import { HttpResponse } from '@azure/functions'` throws "Named export ... not found" at startup - while vitest's
// interop hides the problem. The default import (module.exports) has them all in both worlds.
import azureFunctions from '@azure/functions';

export const { HttpRequest, HttpResponse, InvocationContext, Disposable, AppStartContext, AppTerminateContext } = azureFunctions;
